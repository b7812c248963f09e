// Reordering photos on a touch screen: press and hold a photo, then drag it onto another.
//
// HTML drag and drop serves the mouse; on a phone a plain swipe must still scroll the strip
// and the page, so a drag only starts once a finger has rested on a photo for a moment.

/** How long a finger rests on a photo before it lifts (Android's long press is 400-500 ms). */
export const LONG_PRESS_MS = 450;
/** A finger that moves further than this before the long press is scrolling, not pressing. */
const SLOP_PX = 10;
/** Near the strip's ends, a dragged photo scrolls the strip by this much per move. */
const EDGE_PX = 40;

/**
 * Wire long-press dragging on `strip` (its `.frame` items carry `data-index`, from 1).
 * `canStart()` says whether a drag may begin now; `onMove(from, to)` gets the 1-based
 * positions when a photo is dropped on another.
 */
export function touchReorder(strip, { canStart, onMove }) {
  let press = null; // a finger resting on a photo: {id, x, y, li, timer}
  let drag = null; // a lifted photo: {id, from, li, over}

  const clearPress = () => {
    if (press) clearTimeout(press.timer);
    press = null;
  };

  const end = () => {
    clearPress();
    if (!drag) return null;
    const done = drag;
    drag = null;
    done.li.classList.remove("lifted");
    done.over?.classList.remove("drop-target");
    strip.classList.remove("touch-dragging");
    return done;
  };

  const lift = () => {
    const { id, li } = press;
    press = null;
    if (!li.isConnected || !canStart()) return;
    drag = { id, from: Number(li.dataset.index), li, over: null };
    li.classList.add("lifted");
    strip.classList.add("touch-dragging");
    try {
      li.setPointerCapture(id);
    } catch {
      // The pointer is gone already; the next pointerup or cancel ends the drag.
    }
    navigator.vibrate?.(15);
  };

  strip.addEventListener("pointerdown", (e) => {
    if (e.pointerType === "mouse" || !e.isPrimary) return;
    const li = e.target.closest(".frame");
    // Buttons and fields on the card keep their own taps.
    if (!li || e.target.closest("button, input, label") || !canStart()) return;
    // A long press on a draggable element would also start the browser's own drag.
    li.draggable = false;
    clearPress();
    press = { id: e.pointerId, x: e.clientX, y: e.clientY, li };
    press.timer = setTimeout(lift, LONG_PRESS_MS);
  });

  strip.addEventListener("pointermove", (e) => {
    if (press && e.pointerId === press.id) {
      if (Math.hypot(e.clientX - press.x, e.clientY - press.y) > SLOP_PX) clearPress();
      return;
    }
    if (!drag || e.pointerId !== drag.id) return;
    e.preventDefault();
    const under = document.elementFromPoint(e.clientX, e.clientY)?.closest(".frame");
    const over = under && under !== drag.li && strip.contains(under) ? under : null;
    if (over !== drag.over) {
      drag.over?.classList.remove("drop-target");
      over?.classList.add("drop-target");
      drag.over = over;
    }
    const box = strip.getBoundingClientRect();
    if (e.clientX < box.left + EDGE_PX) strip.scrollLeft -= EDGE_PX / 2;
    else if (e.clientX > box.right - EDGE_PX) strip.scrollLeft += EDGE_PX / 2;
  });

  strip.addEventListener("pointerup", (e) => {
    const done = end();
    if (!done || e.pointerId !== done.id || !done.over) return;
    const to = Number(done.over.dataset.index);
    if (to && to !== done.from) onMove(done.from, to);
  });
  strip.addEventListener("pointercancel", end);

  // While a photo is lifted the finger drags it, not the page (this must be able to cancel,
  // hence not passive); and a long press opens no context menu over the strip.
  strip.addEventListener(
    "touchmove",
    (e) => {
      if (drag && e.cancelable) e.preventDefault();
    },
    { passive: false },
  );
  strip.addEventListener("contextmenu", (e) => {
    if (press || drag) e.preventDefault();
  });
}
