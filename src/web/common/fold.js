// The search key both staff pages filter lists with: lower case, no tone
// marks, đ → d (as the server folds citizens' text).

export function fold(text) {
  return String(text ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase();
}
