import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page of a PDF, read by Mozilla's pdf.js: what a viewer would show. */
export async function pdfText(data: Uint8Array): Promise<{ pages: number; text: string; title: string | undefined }> {
  const document = await getDocument({
    data: new Uint8Array(data),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    const content = await page.getTextContent();
    lines.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
  }
  const { info } = await document.getMetadata();
  await document.destroy();
  return { pages: document.numPages, text: lines.join('\n'), title: (info as { Title?: string }).Title };
}
