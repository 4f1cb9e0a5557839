// fetch() against the JSON API: session cookie, CSRF header on writes, `{ok, error}` answers.
// The server writes its `error` texts in the reader's language; the page's own are translated here.

import { gettext, interpolate } from "./i18n.js";

export class ApiError extends Error {
  constructor(message, { status = 0, body = null, network = false } = {}) {
    super(message);
    this.status = status;
    this.body = body;
    this.network = network;
  }
}

function csrfToken(fallback) {
  for (const part of document.cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "csrftoken") {
      return decodeURIComponent(rest.join("="));
    }
  }
  return fallback;
}

export class Api {
  constructor(base, csrfFallback = "") {
    this.base = base;
    this.csrfFallback = csrfFallback;
  }

  async request(method, path, body) {
    const headers = { Accept: "application/json" };
    const init = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (method !== "GET") {
      headers["X-CSRFToken"] = csrfToken(this.csrfFallback);
    }
    let response;
    try {
      response = await fetch(this.base + path, init);
    } catch {
      throw new ApiError(gettext("Could not reach the server. Check your connection and try again."), {
        network: true,
      });
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok || !data || data.ok === false) {
      const message =
        data?.error ||
        interpolate(gettext("The server answered %(status)s %(reason)s."), {
          status: response.status,
          reason: response.statusText,
        });
      const error = new ApiError(message, { status: response.status, body: data });
      error.retryAfter = Number(response.headers.get("Retry-After")) || 0;
      throw error;
    }
    return data;
  }

  get(path) {
    return this.request("GET", path);
  }

  post(path, body) {
    return this.request("POST", path, body ?? {});
  }

  put(path, body) {
    return this.request("PUT", path, body ?? {});
  }

  delete(path) {
    return this.request("DELETE", path);
  }
}
