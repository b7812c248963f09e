// What a media card says about its file: when and where it was taken, and what culling saw.

import { language, t } from "./i18n.js";

const LOCALES = { it: "it-IT", en: "en-GB", zh: "zh-CN" };

// The culling flags the service sets on photos (service/views.py), each with its badge.
const FLAGS = ["blurred", "dark", "bright", "duplicate", "similar", "burst"];

/** "1 lug 2024, 10:30" in the page's language; "" for no date or one that cannot be read. */
export function takenAt(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  // A date with a zone is shown as it was recorded there, not moved to this browser's zone.
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/.test(iso);
  return new Intl.DateTimeFormat(LOCALES[language()] || language(), {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(zoned ? { timeZone: "UTC" } : {}),
  }).format(date);
}

/** A country code ("IT") named in the page's language ("Italia"); other text as it is. */
function countryName(country) {
  if (!/^[A-Z]{2}$/.test(country || "")) return country || "";
  try {
    return new Intl.DisplayNames([LOCALES[language()] || language()], { type: "region" }).of(
      country,
    );
  } catch {
    return country;
  }
}

/** The place's name, and its region and country for the tooltip, when the service knows it. */
export function placeOf(item) {
  const place = item?.place;
  if (!place?.name) return null;
  const full = [place.name, place.region, countryName(place.country)].filter(Boolean);
  return { name: place.name, full: [...new Set(full)].join(", ") };
}

/** The line under a card's name: date · place (either may be missing). */
export function factsLine(item) {
  const line = document.createElement("span");
  line.className = "facts";
  const when = takenAt(item?.taken_at);
  if (when) {
    const time = document.createElement("time");
    time.dateTime = item.taken_at;
    time.textContent = when;
    line.append(time);
  }
  const place = placeOf(item);
  if (place) {
    const where = document.createElement("span");
    where.className = "place";
    where.title = place.full;
    where.textContent = place.name;
    if (when) line.append(" · ");
    line.append(where);
  }
  return line.childNodes.length ? line : null;
}

/** Small badges for the culling flags (blurred, dark, duplicate...), or null without any. */
export function flagBadges(item) {
  const flags = (item?.flags || []).filter((f) => FLAGS.includes(f));
  if (!flags.length) return null;
  const list = document.createElement("ul");
  list.className = "flags";
  list.setAttribute("aria-label", t("flagsLabel"));
  for (const flag of flags) {
    const badge = document.createElement("li");
    badge.className = `flag flag-${flag}`;
    badge.dataset.flag = flag;
    badge.textContent = t(`flag_${flag}`);
    badge.title = t(`flagHelp_${flag}`);
    list.append(badge);
  }
  return list;
}

/** Name, date and place in one sentence, for a card's tooltip and its accessible name. */
export function describe(item) {
  return [item?.name, takenAt(item?.taken_at), placeOf(item)?.full].filter(Boolean).join(" · ");
}
