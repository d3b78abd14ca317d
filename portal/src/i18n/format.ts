/** Fills "{name}" placeholders; an unknown placeholder is left as written (visible, not silently empty). */
export type Params = Readonly<Record<string, string | number>>;

export function format(template: string, params?: Params): string {
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
