/**
 * Optional enhancement: keeps the petition's count fresh. Without JavaScript the count from the
 * last build stays, which is fine. Failures are silent: the built number is still true enough.
 */
class PetitionCountElement extends HTMLElement {
  private timer: number | undefined;

  connectedCallback() {
    void this.refresh();
    this.timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, 60_000);
  }

  disconnectedCallback() {
    window.clearInterval(this.timer);
  }

  private async refresh() {
    const src = this.dataset.src;
    const target = this.querySelector('[data-total]');
    if (!src || !target) return;
    try {
      const response = await fetch(src, { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const { total } = (await response.json()) as { total?: unknown };
      if (typeof total === 'number' && Number.isInteger(total) && total >= 0) {
        target.textContent = new Intl.NumberFormat(document.documentElement.lang || 'fr-CA').format(total);
      }
    } catch {
      /* offline or CMS down: keep the built number */
    }
  }
}

if ('customElements' in window && !customElements.get('petition-count')) {
  customElements.define('petition-count', PetitionCountElement);
}
