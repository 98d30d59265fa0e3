interface TotalsLike {
  declared?: number | null;
  declaredMax?: number | null;
  computed?: number | null;
  computedMax?: number | null;
}

/** "25/36": the declared total on the file's scale, else the computed one. */
export function totalText(totals: TotalsLike | null | undefined): string {
  if (!totals) return "–";
  if (totals.declared != null) return `${totals.declared}/${totals.declaredMax ?? "?"}`;
  if (totals.computed != null) return `${totals.computed}/${totals.computedMax ?? "?"}`;
  return "–";
}

export const LAYER_IDS = ["L1", "L2", "L3", "L4", "L5", "L6", "L7"] as const;

export function number(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const parsed = Number(value);
  return Number.isInteger(parsed) ? parsed : undefined;
}
