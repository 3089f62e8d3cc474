import { createHash } from "node:crypto";

/** A deterministic two-colour SVG for any seed; the seed never reaches the markup. */
export function avatarSvg(seed: string): string {
  const h = createHash("sha256").update(seed).digest();
  const hue = (h[0] * 360) / 256;
  const hue2 = (hue + 40 + h[1] / 4) % 360;
  const cells: string[] = [];
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 3; x++) {
      if (h[2 + y * 3 + x] & 1) {
        cells.push(`<rect x="${x * 16 + 4}" y="${y * 16 + 4}" width="16" height="16"/>`);
        if (x < 2) cells.push(`<rect x="${(4 - x) * 16 + 4}" y="${y * 16 + 4}" width="16" height="16"/>`);
      }
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 88 88"><rect width="88" height="88" fill="hsl(${hue.toFixed(0)} 70% 92%)"/><g fill="hsl(${hue2.toFixed(0)} 60% 45%)">${cells.join("")}</g></svg>`;
}

/** The URL of the generated picture for a seed (served by routes/avatars.$seed[.svg].tsx): same seed, same picture. */
export function generatedAvatarUrl(seed: string): string {
  return `/avatars/${createHash("sha256").update(seed).digest("hex").slice(0, 16)}.svg`;
}
