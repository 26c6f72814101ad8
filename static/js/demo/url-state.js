// A demo's settings that differ from the embed's own live in the page URL as
// ?<demo id>.<param>=<value>, so a shared link reopens them.

function decodePart(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

function queryParts() {
  return location.search.replace(/^\?/, "").split("&").filter(Boolean);
}

function splitPart(part) {
  const eq = part.indexOf("=");
  return eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
}

export function readUrlState(demoId) {
  const prefix = demoId + ".";
  const found = {};
  for (const part of queryParts()) {
    const [rawKey, rawValue] = splitPart(part);
    const key = decodePart(rawKey);
    if (!key || !key.startsWith(prefix)) continue;
    const value = decodePart(rawValue);
    if (value !== null) found[key.slice(prefix.length)] = value;
  }
  return found;
}

// Rewrites only this demo's keys; every other query part keeps its exact bytes, and the hash stays.
export function writeUrlState(demoId, pairs) {
  const prefix = demoId + ".";
  const kept = queryParts().filter((part) => {
    const key = decodePart(splitPart(part)[0]);
    return key === null || !key.startsWith(prefix);
  });
  for (const [name, value] of pairs) {
    kept.push(encodeURIComponent(prefix + name) + "=" + encodeURIComponent(value));
  }
  const url = location.pathname + (kept.length ? "?" + kept.join("&") : "") + location.hash;
  if (url !== location.pathname + location.search + location.hash) {
    try {
      history.replaceState(history.state, "", url);
    } catch {
      // some embedded browsers refuse; the demo still works
    }
  }
  return url;
}
