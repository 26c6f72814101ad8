from django.core.files.storage import FileSystemStorage
from django.utils.crypto import get_random_string


class EditorUploadStorage(FileSystemStorage):
    """Images uploaded from the rich-text editor, kept apart under media/uploads/.

    Each file gets a random prefix so two authors uploading "chart.png" never collide and
    upload URLs cannot be guessed from a file name.
    """

    def get_available_name(self, name, max_length=None):
        name = f"uploads/{get_random_string(10).lower()}-{name.rsplit('/', 1)[-1]}"
        return super().get_available_name(name, max_length=max_length)
