// A small element builder: attributes in order (null leaves one out), then children
// (nested arrays are flattened; null, undefined and "" are left out).
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of attrs) if (value !== null && value !== undefined) element.setAttribute(name, value);
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== "") element.append(child);
  }
  return element;
}
