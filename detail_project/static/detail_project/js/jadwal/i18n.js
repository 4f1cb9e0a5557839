// The page's words and formats in the active language (the <html lang> Django renders).
//
// Words come from Django's JavaScript catalog (the djangojs domain, served at /jsi18n/ and loaded
// before the modules); every string a person reads goes through `gettext` / `ngettext` /
// `interpolate` here, so `makemessages -d djangojs` finds it. Numbers and dates go through
// Intl with the same language: "1.234,56" and "5 Januari 2026" in Indonesian.

const catalog = window.django ?? null;

/** "id" or "en": what Django chose for this request. */
export const LANGUAGE = (document.documentElement.lang || "id").slice(0, 2);

/** The Intl locale of the active language. */
export const LOCALE = LANGUAGE === "id" ? "id-ID" : "en-GB";

export function gettext(message) {
  return catalog ? catalog.gettext(message) : message;
}

export function ngettext(singular, plural, count) {
  if (catalog) {
    return catalog.ngettext(singular, plural, count);
  }
  return count === 1 ? singular : plural;
}

/** A word whose meaning depends on where it stands: pgettext("time scale", "weekly"). */
export function pgettext(context, message) {
  return catalog ? catalog.pgettext(context, message) : message;
}

/** Fill %(name)s placeholders: interpolate(gettext("Week %(n)s"), {n: 3}). */
export function interpolate(format, values) {
  return format.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}
