"""The chat page's CSS and JavaScript (passed to ``gr.Blocks.launch``)."""

CSS = """
.rag-sources { margin-top: .4em; }
.rag-sources summary { cursor: pointer; font-weight: 600; }
.rag-src { border-left: 3px solid var(--border-color-primary); padding: .3em .6em; margin: .4em 0; }
.rag-src.rag-flash { border-left-color: var(--color-accent); background: var(--color-accent-soft); }
.rag-src:target { border-left-color: var(--color-accent); }
.rag-src-snip { font-size: .9em; opacity: .85; white-space: normal; }
.rag-meta { font-size: .8em; opacity: .7; }
.rag-tag { opacity: .75; }
a.rag-cite { text-decoration: none; font-weight: 600; }
.rag-job { padding: .3em 0; }
.rag-job progress { width: 100%; }
.rag-failed { color: var(--error-text-color); }
.rag-timeline h4 { margin: .8em 0 .1em; }
.rag-timeline ul { margin: .2em 0 .4em 1em; padding: 0; }
.rag-timeline li { list-style: none; margin: .15em 0; }
.tl-who { font-size: .85em; opacity: .7; }
button.tl-topic { text-align: left; background: none; border: none; padding: 0; cursor: pointer;
  font: inherit; font-weight: normal; color: var(--link-text-color); }
button.tl-topic:hover { text-decoration: underline; }
"""

# A click on a cited date opens the answer's sources and points at the matching card. (Chromium
# also opens a closed <details> on fragment navigation; this makes it work everywhere, flashes
# the card and keeps the page's URL unchanged.)
JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.rag-cite');
    if (!link) return;
    const card = document.getElementById(link.getAttribute('href').slice(1));
    if (!card) return;
    event.preventDefault();
    const details = card.closest('details');
    if (details) details.open = true;
    card.scrollIntoView({block: 'nearest'});
    card.classList.remove('rag-flash');
    void card.offsetWidth;
    card.classList.add('rag-flash');
  });
}
"""
