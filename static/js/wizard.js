// netwizard's only script, loaded from our own origin so a strict Content-Security-Policy
// allows it. Everything else is htmx driven by attributes. Two small conveniences:
"use strict";

// 1. Copy a block of text (the apply steps on the review page) to the clipboard.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  const source = document.querySelector(button.dataset.copy);
  const status = document.getElementById("copy-status");
  if (!source) {
    return;
  }
  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };
  const selectIt = () => {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    say("Selected: press Ctrl+C to copy.");
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.innerText).then(() => say("Copied to the clipboard."), selectIt);
  } else {
    selectIt();
  }
});

// 2. When the preview beside the forms changes, bring its first changed line into view
//    (inside the file's own scroll box; the page itself does not move).
document.addEventListener("htmx:afterSettle", () => {
  const box = document.querySelector("#wizard-preview .preview-file");
  const line = box && box.querySelector(".line.changed");
  if (!line) {
    return;
  }
  const top = line.offsetTop; // the file box is the offset parent of its lines
  if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 40) {
    box.scrollTop = Math.max(0, top - 60);
  }
});
