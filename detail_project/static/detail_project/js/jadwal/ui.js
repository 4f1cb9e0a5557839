// Small page furniture: toasts, the blocking progress overlay, the message line above the grid,
// and Bootstrap confirm dialogs. Text is always set with textContent; callers pass it already
// translated.

import { gettext } from "./i18n.js";

const bootstrap = window.bootstrap;

export function toast(message, level = "success") {
  const container = document.getElementById("jp-toasts");
  const element = document.createElement("div");
  element.className = `toast align-items-center border-0 text-bg-${level}`;
  element.setAttribute("role", level === "danger" ? "alert" : "status");
  element.setAttribute("aria-live", level === "danger" ? "assertive" : "polite");
  element.setAttribute("data-testid", "toast");
  const body = document.createElement("div");
  body.className = "d-flex";
  const text = document.createElement("div");
  text.className = "toast-body";
  text.textContent = message;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "btn-close btn-close-white me-2 m-auto";
  close.setAttribute("data-bs-dismiss", "toast");
  close.setAttribute("aria-label", gettext("Close"));
  body.append(text, close);
  element.append(body);
  container.append(element);
  const instance = new bootstrap.Toast(element, { delay: level === "danger" ? 10000 : 4000 });
  element.addEventListener("hidden.bs.toast", () => element.remove());
  instance.show();
}

export class Overlay {
  constructor(element) {
    this.element = element;
    this.text = element.querySelector("[data-overlay-text]");
  }

  show(message) {
    this.text.textContent = message;
    this.element.hidden = false;
    this.element.setAttribute("aria-busy", "true");
  }

  step(message) {
    this.text.textContent = message;
  }

  hide() {
    this.element.hidden = true;
    this.element.removeAttribute("aria-busy");
  }
}

/** The message line above the grid: refused values, paste results, hints. */
export class MessageLine {
  constructor(element) {
    this.element = element;
    this.text = element.querySelector("[data-message-text]");
    element.querySelector("[data-message-close]").addEventListener("click", () => this.clear());
  }

  show(message, level = "info") {
    if (level === "clear") {
      if (this.element.dataset.level !== "danger-sticky") {
        this.clear();
      }
      return;
    }
    this.text.textContent = message;
    this.element.className = `alert alert-${level} jp-message py-1 px-2 mb-2 d-flex align-items-center gap-2`;
    this.element.dataset.level = level;
    this.element.hidden = false;
  }

  clear() {
    this.element.hidden = true;
    this.text.textContent = "";
    this.element.dataset.level = "";
  }
}

/**
 * A Bootstrap modal used as a confirm dialog. Resolves with the `data-choice` of the button the
 * planner pressed, or null when the dialog was dismissed.
 */
export function choose(modalElement, { onShow } = {}) {
  return new Promise((resolve) => {
    const modal = bootstrap.Modal.getOrCreateInstance(modalElement);
    let choice = null;
    let shown = false;
    const buttons = modalElement.querySelectorAll("[data-choice]");
    // Bootstrap ignores hide() while the dialog is still fading in: a choice made that fast
    // (Enter right after typing) closes it as soon as it is shown.
    modalElement.addEventListener(
      "shown.bs.modal",
      () => {
        shown = true;
        if (choice !== null) {
          modal.hide();
        }
      },
      { once: true },
    );
    const onClick = (event) => {
      choice = event.currentTarget.dataset.choice;
      if (shown) {
        modal.hide();
      }
    };
    buttons.forEach((button) => button.addEventListener("click", onClick));
    modalElement.addEventListener(
      "hidden.bs.modal",
      () => {
        buttons.forEach((button) => button.removeEventListener("click", onClick));
        resolve(choice);
      },
      { once: true },
    );
    if (onShow) {
      onShow(modalElement);
    }
    modal.show();
  });
}

/** A promise for the next animation frame, so the browser paints overlay text before work. */
export function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
