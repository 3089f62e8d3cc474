// Words the pages share (browser-safe: no server code).

/** How each role is called on the pages. */
export const ROLE_LABEL = { member: "メンバー", admin: "管理人" } as const;
