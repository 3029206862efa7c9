// Progressive enhancement only: every page works without this file.
(() => {
  // Copy buttons: <button class="copy" data-copy-target="ID" data-copied-label="…" hidden>. Shown only when the
  // Clipboard API is there, so a reader without it never sees a button that does nothing.
  function setUpCopyButtons() {
    if (!navigator.clipboard) return;
    for (const button of document.querySelectorAll('button.copy[data-copy-target]')) {
      button.hidden = false;
      const label = button.textContent;
      button.addEventListener('click', async () => {
        const target = document.getElementById(button.dataset.copyTarget);
        if (!target) return;
        // Fingerprints are shown in groups of four; copy them as gpg prints them (with spaces) for comparison.
        try {
          await navigator.clipboard.writeText(target.textContent.trim());
          button.textContent = button.dataset.copiedLabel || label;
          setTimeout(() => {
            button.textContent = label;
          }, 2000);
        } catch {
          // Clipboard refused (permissions): leave the text selectable.
        }
      });
    }
  }

  // Filters apply as soon as they change (the submit button stays for keyboard and no-JS users).
  function setUpAutoSubmit() {
    for (const select of document.querySelectorAll('form.search select')) {
      select.addEventListener('change', () => select.form.requestSubmit());
    }
  }

  // Forms that undo something ask first: <form data-confirm="…">.
  function setUpConfirmations() {
    for (const form of document.querySelectorAll('form[data-confirm]')) {
      form.addEventListener('submit', (event) => {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    setUpConfirmations();
    setUpCopyButtons();
    setUpAutoSubmit();
  });
})();
