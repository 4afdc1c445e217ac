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
a.rag-cite { color: var(--link-text-color); text-decoration: underline; text-underline-offset: 2px;
  font-weight: 600; cursor: pointer; }
a.rag-cite:hover { text-decoration-thickness: 2px; }
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
#rag-chat { height: calc(100vh - 330px) !important; min-height: 360px; }
.rag-chips { font-size: .85em; display: flex; flex-wrap: wrap; gap: .3em; align-items: center; }
.rag-chips-none { opacity: .6; }
.rag-chip { border: 1px solid var(--border-color-primary); border-radius: 999px; padding: .05em .2em .05em .6em;
  background: var(--background-fill-secondary); }
.rag-chip-x { border: none; background: none; cursor: pointer; font-size: 1.1em; padding: 0 .35em; }
.rag-panel { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5em .7em; }
.rag-panel-head { display: flex; justify-content: space-between; align-items: center; }
.rag-panel-close { border: none; background: none; cursor: pointer; font-size: 1.2em; display: none; }
.rag-panel-body { max-height: 420px; overflow-y: auto; font-size: .92em; }
.rag-panel-body ul { margin: .3em 0 .3em 1.1em; }
.rag-panel-hint { opacity: .6; }
#rag-menu { display: none; }
#rag-examples > .label, #rag-examples .label-wrap, #rag-examples [data-testid="block-label"] { display: none; }
@media (max-width: 720px) {
  #rag-top { flex-wrap: nowrap; align-items: center; }
  #rag-title h2 { font-size: 1.15em; margin: 0; }
  #rag-mode { font-size: .8em; }
  #rag-intro, #rag-lang { display: none; }
  #rag-menu { display: inline-flex; white-space: nowrap; min-width: 96px; }
  #rag-chats { display: none; }
  #rag-side { display: none; }
  #rag-main.rag-drawer-open #rag-chat-column { display: none; }
  #rag-main.rag-drawer-open #rag-side, #rag-main.rag-drawer-open #rag-chats { display: flex; }
  #rag-main.rag-drawer-open #rag-lang { display: block; }
  #rag-chat { height: calc(100dvh - 270px) !important; min-height: 240px; }
  #rag-input { position: sticky; bottom: 0; z-index: 20; background: var(--background-fill-primary);
    flex-wrap: nowrap; padding-bottom: 4px; }
  #rag-comment, #rag-feedback-result { display: none; }
  #rag-main.rag-panel-open #rag-side { display: block; height: 0; overflow: visible; }
  #rag-main.rag-panel-open:not(.rag-drawer-open) #rag-side > :not(#rag-source-panel) { display: none; }
  #rag-main.rag-panel-open #rag-source-panel { display: block; position: fixed; left: 0; right: 0; bottom: 0;
    max-height: 70dvh; z-index: 60; background: var(--background-fill-primary);
    box-shadow: 0 -4px 16px rgba(0,0,0,.25); }
  #rag-main.rag-panel-open #rag-source-panel .rag-panel-close { display: inline; }
  #rag-source-panel .rag-panel-body { max-height: 60dvh; }
}
"""

# A click on a cited date opens the answer's sources, points at the matching card and shows its
# whole topic in the source panel (a sheet on a phone). Copy gives the message as plain text.
# Enter in a filter box keeps what was typed instead of picking the first choice shown.
JS = """
() => {
  document.addEventListener('click', (event) => {
    if (event.target.closest('.rag-panel-close')) {
      document.getElementById('rag-main').classList.remove('rag-panel-open');
      return;
    }
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
    const body = document.querySelector('#rag-source-panel .rag-panel-body');
    const full = card.querySelector('.rag-src-full');
    if (body && full) {
      body.innerHTML = '';
      const head = card.querySelector('.rag-src-head').cloneNode(true);
      const whole = full.cloneNode(true);
      whole.hidden = false;
      body.append(head, whole);
      document.getElementById('rag-main').classList.add('rag-panel-open');
      if (window.innerWidth > 720) document.getElementById('rag-source-panel').scrollIntoView({block: 'nearest'});
    }
  });

  // The chatbot copies a message's raw Markdown/HTML; what was clicked is copied as shown instead.
  let plain = null;
  document.addEventListener('click', (event) => {
    // A message's buttons follow its row: the nearest row before them is the message.
    const buttons = event.target.closest('#rag-chat .message-buttons');
    let row = buttons && buttons.previousElementSibling;
    while (row && !row.classList.contains('message-row')) row = row.previousElementSibling;
    if (!row) { plain = null; return; }
    const message = row.querySelector('.message-content, .prose') || row;
    const copy = message.cloneNode(true);
    copy.querySelectorAll('details, .rag-meta, button').forEach((e) => e.remove());
    document.body.append(copy);
    copy.style.position = 'absolute'; copy.style.left = '-99999px';
    plain = copy.innerText.trim();
    copy.remove();
  }, true);
  if (navigator.clipboard && navigator.clipboard.writeText) {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text) => {
      const out = plain && /rag-cite|\\\\\\[|<div class="rag-/.test(text) ? plain : text;
      plain = null;
      return write(out);
    };
  }

  const arrows = new WeakSet();
  document.addEventListener('keydown', (event) => {
    const boxes = '#rag-since input, #rag-until input, #rag-presenter input, #rag-tag input';
    const input = event.target.closest && event.target.closest(boxes);
    if (!input) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') { arrows.add(input); return; }
    if (event.key !== 'Enter') { arrows.delete(input); return; }
    if (arrows.has(input)) return;  // the user picked a choice with the arrow keys
    event.preventDefault();
    event.stopImmediatePropagation();
    input.blur();
  }, true);
}
"""
