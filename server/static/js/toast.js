// Short notifications at the bottom of the screen ("Copied", "Quote deleted. Undo").
// The container is a polite live region, so screen readers hear each one; errors use
// role="alert". A notification with an action waits while the pointer or focus is on it, so
// nobody loses an Undo by reading slowly (WCAG 2.2.1).

const region = document.getElementById('toasts');

export function notify(message, { action = null, timeout = 4000, error = false, onTimeout = null } = {}) {
  const toast = document.createElement('div');
  toast.className = error ? 'toast toast--error' : 'toast';
  if (error) toast.setAttribute('role', 'alert');
  const text = document.createElement('span');
  text.textContent = message;
  toast.append(text);

  let timer = null;
  let done = false;
  const finish = (timedOut) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    const hadFocus = toast.contains(document.activeElement);
    toast.remove();
    if (timedOut && onTimeout) onTimeout({ hadFocus });
  };
  const start = () => {
    clearTimeout(timer);
    timer = setTimeout(() => finish(true), timeout);
  };
  const pause = () => clearTimeout(timer);

  let button = null;
  if (action) {
    button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--small toast__action';
    button.textContent = action.label;
    button.addEventListener('click', () => {
      finish(false);
      action.run();
    });
    toast.append(button);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'icon-button toast__close';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => finish(true));
  toast.append(close);

  toast.addEventListener('pointerenter', pause);
  toast.addEventListener('pointerleave', start);
  toast.addEventListener('focusin', pause);
  toast.addEventListener('focusout', (event) => {
    if (!toast.contains(event.relatedTarget)) start();
  });
  toast.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') finish(true);
  });

  region.append(toast);
  start();
  return { element: toast, button, dismiss: () => finish(true), cancel: () => finish(false) };
}

export function notifyError(error) {
  return notify(error?.message ?? String(error), { error: true, timeout: 8000 });
}
