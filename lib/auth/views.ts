/** The signed-in user as pages and actions see them. */
export type SessionUser = { id: string; email: string; name: string; username: string };
