// A made-to-order product's pricing in the product form (toko::domain::made_to_order):
// options one per line ("Material | Bahan | Flexi 280g = 0/m2; Albatros = 10000/m2"),
// the size rule (empty: not priced by size; then the price is per m²), quantity tiers one
// band per line ("from | unit price").
import { extend } from '/assets/i18n.js';

extend({
  en: {
    'mto.title': 'Made to order: options, size, quantity prices', 'mto.help': 'Leave all empty for a fixed price. With a size, the price above is per m² (smaller sizes are charged at the minimum); add "/m2" to an add-on priced per m². With quantity prices, each band\'s price replaces the price above.',
    'mto.options': 'Options, one per line: English name | Indonesian name | choice = add-on; choice = add-on', 'mto.size': 'Priced by size (cm)',
    'mto.minW': 'Min. width', 'mto.minH': 'Min. height', 'mto.maxW': 'Max. width', 'mto.maxH': 'Max. height', 'mto.tiers': 'Quantity prices, one band per line: from quantity | unit price',
  },
  id: {
    'mto.title': 'Pesanan khusus: opsi, ukuran, harga per jumlah', 'mto.help': 'Kosongkan semua untuk harga tetap. Dengan ukuran, harga di atas adalah per m² (ukuran lebih kecil dihitung sebesar minimum); tambahkan "/m2" pada biaya tambahan per m². Dengan harga per jumlah, harga tiap rentang menggantikan harga di atas.',
    'mto.options': 'Opsi, satu per baris: nama Inggris | nama Indonesia | pilihan = tambahan; pilihan = tambahan', 'mto.size': 'Harga menurut ukuran (cm)',
    'mto.minW': 'Lebar min.', 'mto.minH': 'Tinggi min.', 'mto.maxW': 'Lebar maks.', 'mto.maxH': 'Tinggi maks.', 'mto.tiers': 'Harga per jumlah, satu rentang per baris: mulai jumlah | harga satuan',
  },
});

/// "Albatros 440g" → "albatros-440g" (as the server's code_of).
export const codeOf = (name) => name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32);
const whole = (v) => Number(String(v).replace(/[.\s]/g, ''));
const lines = (v) => v.split('\n').map((l) => l.trim()).filter(Boolean);

/// The form's pricing as the API takes it, or null for a fixed price.
export function readPricing(f) {
  const options = lines(f.mtoOptions.value).map((l) => {
    const [en = '', id = '', rest = ''] = l.split('|').map((x) => x.trim());
    const choices = rest.split(';').map((c) => c.trim()).filter(Boolean).map((c) => {
      const [name = '', add = '0'] = c.split('=').map((x) => x.trim());
      const perM2 = /\/\s*m2$/i.test(add);
      return { code: codeOf(name), name, add: whole(add.replace(/\/\s*m2$/i, '') || '0'), perM2 };
    });
    return { code: codeOf(en), name: { en, id }, choices };
  });
  const sides = ['minWidthCm', 'minHeightCm', 'maxWidthCm', 'maxHeightCm'];
  const size = sides.some((k) => f[k].value) ? Object.fromEntries(sides.map((k) => [k, whole(f[k].value || 0)])) : null;
  const tiers = lines(f.mtoTiers.value).map((l) => { const [from = '', price = ''] = l.split('|'); return { from: whole(from), unitPrice: whole(price) }; });
  return options.length || size || tiers.length ? { options, size, tiers } : null;
}

/// Fills the form from a product's pricing (or empties it).
export function fillPricing(f, p) {
  const add = (c) => `${c.add}${c.perM2 ? '/m2' : ''}`;
  f.mtoOptions.value = (p?.options || []).map((g) => `${g.name.en} | ${g.name.id} | ${g.choices.map((c) => `${c.name} = ${add(c)}`).join('; ')}`).join('\n');
  for (const k of ['minWidthCm', 'minHeightCm', 'maxWidthCm', 'maxHeightCm']) f[k].value = p?.size?.[k] ?? '';
  f.mtoTiers.value = (p?.tiers || []).map((b) => `${b.from} | ${b.unitPrice}`).join('\n');
  document.querySelector('#pricing-box').open = Boolean(p);
}
