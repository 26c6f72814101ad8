from django.core.files.storage import FileSystemStorage


class EditorUploadStorage(FileSystemStorage):
    """Images uploaded from the rich-text editor, kept apart under media/uploads/.

    articles.uploads names each file with random hex and the detected format's
    extension, never the client's name: no collisions, no guessable URLs, no over-long
    or hostile names.
    """
