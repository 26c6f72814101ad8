"""The editor's own tools, as an author drives them: the demo picker, uploads, autosave."""

import re

from playwright.sync_api import expect


def insert_demo(page, indicator, **params):
    """插入互动演示: pick the indicator and parameters in the dialog and insert the line."""
    page.locator("[data-role=insert-demo]:visible").click()
    dialog = page.get_by_role("dialog", name="插入互动演示")
    expect(dialog).to_be_visible()
    dialog.get_by_label("指标").select_option(indicator)
    for name, value in params.items():
        dialog.locator(f"input[name={name}]").fill(str(value))
    with page.expect_response(re.compile(r"/articles/editor/demo-code/")) as answer:
        dialog.get_by_role("button", name="插入").click()
    return dialog, answer.value


def paste_html(page, target, html):
    """What a browser does when the author pastes rich text (from a 公众号 or Word)."""
    target.evaluate(
        """(el, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", el.textContent);
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                          cancelable: true}));
        }""",
        html,
    )


def reload_accepting_the_warning(page):
    """Reload; the page must warn about unsaved changes first (beforeunload)."""
    seen = []

    def on_dialog(dialog):
        seen.append(dialog.type)
        dialog.accept()

    page.on("dialog", on_dialog)
    page.reload()
    page.remove_listener("dialog", on_dialog)
    return seen


def hand_image_to(target, event_name, name):
    """Paste (`paste`) or drop (`drop`) a small PNG drawn in the page onto `target`."""
    target.evaluate(
        """async (el, [eventName, name]) => {
            const canvas = document.createElement("canvas");
            canvas.width = 40; canvas.height = 30;
            const ctx = canvas.getContext("2d");
            ctx.fillStyle = "#c62828"; ctx.fillRect(5, 5, 30, 20);
            const blob = await new Promise(done => canvas.toBlob(done, "image/png"));
            const data = new DataTransfer();
            data.items.add(new File([blob], name, {type: "image/png"}));
            const options = {bubbles: true, cancelable: true};
            const event = eventName === "paste"
                ? new ClipboardEvent("paste", {...options, clipboardData: data})
                : new DragEvent("drop", {...options, dataTransfer: data});
            el.dispatchEvent(event);
        }""",
        [event_name, name],
    )
