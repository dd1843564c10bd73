"""Walk-through steps in the browser: open each step at its heading, and let a step that is being left
take no more input.

Streamlit keeps the page's scroll position across reruns, so after Next (pressed at the foot of a long
step) the next step opened scrolled to its foot. And for the half second or so before the next step
arrives, the step being left stays on screen ("stale") and still took typing, which was then lost:
the widgets it went into are no longer drawn.

Both are done by a few lines of the app's own JavaScript (no user text is ever put into it): a
one-pixel-high ``st.iframe`` drawn last on the page, only on the run that opens a step, puts a small
script into the app page once (``_PAGE_SCRIPT``) and asks it to bring the step's heading into view.
That script also listens for clicks on Back and Next and makes the step being left ``inert`` (no
pointer, no focus, no typing) until it is replaced. Nothing here sends anything anywhere.

Why not a CSS rule on Streamlit's own marker (``data-stale="true"``): Streamlit marks every element
stale as soon as any rerun is asked for, so leaving a note by clicking a status button would start a
rerun between the press and the release and the click would be lost. Why ``st.iframe``: the
``components.v1.html`` iframe is deprecated (Streamlit 1.56), and ``st.html`` is not used in this app.
"""

from __future__ import annotations

import json
import re

import streamlit as st

from assistant.ui import keys

_PAGE_SCRIPT = """
(function () {
  if (window.cpWalkThrough) { return; }
  var PREFIX = %(prefix)s;
  var NAV = %(nav)s;

  function stepBlock() { return document.querySelector('[class*="' + PREFIX + '"]'); }

  function keyClass(block) {
    return Array.prototype.find.call(block.classList, function (c) { return c.indexOf(PREFIX) === 0; });
  }

  /* The step being left takes no input until it is replaced: what was typed there would be lost. */
  function freeze(block) {
    if (!block || block.inert) { return; }
    var own = keyClass(block), started = Date.now(), sawStale = false;
    block.inert = true;
    var timer = setInterval(function () {
      var stale = block.querySelector('[data-stale="true"]') !== null;
      sawStale = sawStale || stale;
      var replaced = !block.isConnected || !block.classList.contains(own);
      /* still on screen after the run (the step did not change) or the click never reached the app */
      var drawnAgain = sawStale && !stale, unanswered = !sawStale && Date.now() - started > 5000;
      if (replaced || drawnAgain || unanswered) { block.inert = false; clearInterval(timer); }
    }, 50);
  }

  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest(NAV) : null;
    if (button && !button.disabled) {
      freeze(stepBlock());
      button.blur();  /* a key pressed while the next step comes must not press it again */
    }
  }, true);

  /* Put the heading of the step drawn in the block with class ``own`` at the top of the viewport,
     below the app's fixed header; give it the focus if nothing has it (after Back or Next), so the
     keyboard and a screen reader carry on from the step's title. */
  function show(own) {
    var deadline = Date.now() + 3000;
    (function attempt() {
      var block = document.querySelector('.' + own);
      if (!block) {
        if (Date.now() < deadline) { setTimeout(attempt, 50); }
        return;
      }
      var heading = block.querySelector('h1, h2, h3') || block;
      var header = document.querySelector('[data-testid="stHeader"]');
      var below = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
      heading.style.scrollMarginTop = (below + 8) + 'px';
      heading.scrollIntoView({block: 'start', inline: 'nearest', behavior: 'instant'});
      if (!document.activeElement || document.activeElement === document.body) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({preventScroll: true});
      }
    })();
  }

  window.cpWalkThrough = {show: show};
})();
"""

_FRAME = """<script>
(function () {
  var page = window.parent;
  if (!page.cpWalkThrough) {
    var script = page.document.createElement('script');
    script.textContent = %(page_script)s;
    page.document.head.appendChild(script);
  }
  page.cpWalkThrough.show(%(block)s);
})();
</script>
<!-- %(nonce)s -->
"""

_PREFIX = "st-key-"


def css_class(key: str) -> str:
    """The class Streamlit gives the element or container drawn with ``key``."""
    return _PREFIX + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def frame_html(step_id: str, nonce: int) -> str:
    """The iframe's document: install the page script (once) and show the heading of ``step_id``."""
    page_script = _PAGE_SCRIPT % {
        "prefix": json.dumps(css_class(keys.step_block(""))),
        "nav": json.dumps(", ".join(f".{css_class(k)} button" for k in (keys.NAV_BACK, keys.NAV_NEXT))),
    }
    return _FRAME % {"page_script": json.dumps(page_script), "block": json.dumps(css_class(keys.step_block(step_id))),
                     "nonce": int(nonce)}


def show_step(step_id: str) -> None:
    """Draw, last on the page, the frame that brings step ``step_id``'s heading to the top of the viewport.

    Call it only on the run that opens the step: the frame is a new one each time (its document carries
    a counter), so its script runs again."""
    nonce = st.session_state.get(keys.WALK_SCROLLS, 0) + 1
    st.session_state[keys.WALK_SCROLLS] = nonce
    st.iframe(frame_html(step_id, nonce), height=1, tab_index=-1)
