// Fetch JSON from the read API; a 400's message is returned, never thrown at the user.
export async function getJSON(url) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (error) {
    return { error: "The server could not be reached (" + error.message + ")." };
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    return { error: "Unexpected answer from " + url + " (HTTP " + response.status + ")." };
  }
  if (!response.ok) return { error: body.error || "HTTP " + response.status, field: body.field };
  return { data: body };
}
