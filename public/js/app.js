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

  // Live regions: <div id="…" data-live-refresh="SECONDS"> is fetched again from this page's URL every SECONDS and
  // replaced by the same element of the fresh page; it stops when the fresh element no longer asks to be refreshed
  // (a finished campaign). Without JavaScript the page is simply reloaded by hand.
  function setUpLiveRegions() {
    for (const region of document.querySelectorAll('[id][data-live-refresh]')) {
      const seconds = Number(region.dataset.liveRefresh);
      if (!(seconds >= 5)) continue;
      const refresh = async () => {
        if (document.hidden) return schedule();
        try {
          const res = await fetch(window.location.href, {
            headers: { Accept: 'text/html' },
            credentials: 'same-origin',
          });
          if (!res.ok) return schedule();
          const fresh = new DOMParser().parseFromString(await res.text(), 'text/html').getElementById(region.id);
          if (!fresh) return;
          const current = document.getElementById(region.id);
          current.replaceWith(fresh);
          if (fresh.dataset.liveRefresh) schedule();
        } catch {
          schedule();
        }
      };
      const schedule = () => setTimeout(refresh, seconds * 1000);
      schedule();
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    setUpLiveRegions();
    setUpConfirmations();
    setUpCopyButtons();
    setUpAutoSubmit();
  });
})();
