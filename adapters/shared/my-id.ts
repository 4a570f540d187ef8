/** "我的ID": a user asks for the id an admin binds them by (answered by the adapter, which knows the form). */
export const MY_ID = /^(?:我的ID|我的id|我的Id|my ?id)$/i;
