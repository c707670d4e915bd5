// What the signed-in staff member may do: the permissions the API gives with the account
// (`toko::domain::permissions`, the one map the API enforces too).
export const me = () => JSON.parse(localStorage.getItem('toko.console.user') || 'null');
export const may = (permission) => Boolean(me()?.permissions?.includes(permission));
