//! Pictures a PDF can draw. JPEG is embedded as it is (DCTDecode), and so is a PNG of
//! 8-bit grey or RGB without transparency (its own compressed rows, FlateDecode with the
//! PNG predictor). Every other PNG (palettes, 1 to 16 bits, transparency, grey with
//! alpha, RGBA) and every WebP (lossy or lossless, the first frame of an animation)
//! is decoded here: laid on the white page as a viewer would show it, scaled down to
//! at most [`MAX_SIDE`] pixels a side, and compressed again.

/// The longest side, in pixels, of a picture decoded here (a catalogue draws it in a box
/// of an inch: 300 pixels print at 300 dpi there).
pub const MAX_SIDE: u32 = 300;

/// The most pixels one picture decoded here may have (a 2000 × 2000 picture; larger
/// ones are left out: decoding them would take the function seconds each).
pub const MAX_PIXELS: u64 = 4_000_000;

/// The most bytes a picture's pixels may take once decoded (a 16-megapixel RGB photo
/// fits; more would outgrow the function's memory).
const MAX_INFLATED: usize = 48 << 20;

/// A picture a PDF can hold.
pub struct Picture {
    pub(super) data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub(super) kind: PictureKind,
}

pub(super) enum PictureKind {
    /// The JPEG file as it is.
    Jpeg { grey: bool },
    /// A PNG's compressed rows as they are.
    Png { grey: bool },
    /// Decoded pixels, 8-bit grey or RGB, zlib-compressed.
    Pixels { grey: bool },
}

impl Picture {
    /// The picture in `bytes` if it is a baseline or progressive JPEG (grey or colour),
    /// a non-interlaced PNG or a WebP; `None` otherwise (SVG, interlaced PNG, broken or
    /// too large files). `budget`: the pixels the document may still decode; a picture
    /// that needs decoding takes its pixels from it, or is left out when they are not
    /// there (or past [`MAX_PIXELS`]).
    pub fn read(bytes: &[u8], budget: &mut u64) -> Option<Self> {
        if bytes.starts_with(&[0xff, 0xd8]) {
            return jpeg(bytes);
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return png(bytes, budget);
        }
        if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            return webp(bytes, budget);
        }
        None
    }

    pub(super) fn grey(&self) -> bool {
        match self.kind {
            PictureKind::Jpeg { grey }
            | PictureKind::Png { grey }
            | PictureKind::Pixels { grey } => grey,
        }
    }
}

fn jpeg(bytes: &[u8]) -> Option<Picture> {
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xff {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        // Start of frame (not DHT 0xc4, JPG 0xc8, DAC 0xcc).
        if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
            let height = u32::from(u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]));
            let width = u32::from(u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]));
            let components = bytes[i + 9];
            return (width > 0 && height > 0 && matches!(components, 1 | 3)).then(|| Picture {
                data: bytes.to_vec(),
                width,
                height,
                kind: PictureKind::Jpeg {
                    grey: components == 1,
                },
            });
        }
        i += 2 + len;
    }
    None
}

/// A PNG's header and the chunks that say how to read its pixels.
struct Png<'a> {
    width: u32,
    height: u32,
    depth: u8,
    colour: u8,
    palette: &'a [u8],
    transparency: Option<&'a [u8]>,
    data: Vec<u8>,
}

impl Png<'_> {
    fn channels(&self) -> usize {
        match self.colour {
            2 => 3,
            4 => 2,
            6 => 4,
            _ => 1,
        }
    }

    /// Bytes of one row of pixels (without its filter byte).
    fn row_bytes(&self) -> usize {
        (self.width as usize * self.channels() * usize::from(self.depth)).div_ceil(8)
    }
}

/// Takes `width × height` pixels from `budget` if they are there.
fn spend(budget: &mut u64, width: u32, height: u32) -> Option<()> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS || pixels > *budget {
        return None;
    }
    *budget -= pixels;
    Some(())
}

fn png(bytes: &[u8], budget: &mut u64) -> Option<Picture> {
    let png = chunks(bytes)?;
    let valid = match png.colour {
        0 => matches!(png.depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(png.depth, 1 | 2 | 4 | 8) && !png.palette.is_empty(),
        2 | 4 | 6 => matches!(png.depth, 8 | 16),
        _ => false,
    };
    if !valid || png.width == 0 || png.height == 0 || png.data.is_empty() {
        return None;
    }
    if png.depth == 8 && matches!(png.colour, 0 | 2) && png.transparency.is_none() {
        return Some(Picture {
            width: png.width,
            height: png.height,
            kind: PictureKind::Png {
                grey: png.colour == 0,
            },
            data: png.data,
        });
    }
    spend(budget, png.width, png.height)?;
    decode(&png)
}

/// The header, palette, transparency and joined pixel data; `None` for an interlaced
/// or broken file.
fn chunks(bytes: &[u8]) -> Option<Png<'_>> {
    let mut png = Png {
        width: 0,
        height: 0,
        depth: 0,
        colour: 0,
        palette: &[],
        transparency: None,
        data: Vec::new(),
    };
    let mut i = 8;
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[i..i + 4].try_into().ok()?) as usize;
        let kind = &bytes[i + 4..i + 8];
        let body = bytes.get(i + 8..(i + 8).checked_add(len)?)?;
        match kind {
            b"IHDR" if body.len() >= 13 => {
                png.width = u32::from_be_bytes(body[0..4].try_into().ok()?);
                png.height = u32::from_be_bytes(body[4..8].try_into().ok()?);
                (png.depth, png.colour) = (body[8], body[9]);
                if body[12] != 0 {
                    return None;
                }
            }
            b"PLTE" => png.palette = body,
            b"tRNS" => png.transparency = Some(body),
            b"IDAT" => png.data.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        i += 12 + len;
    }
    Some(png)
}

/// The pixels laid on white, scaled down, compressed.
fn decode(png: &Png) -> Option<Picture> {
    let stride = 1 + png.row_bytes();
    let expected = stride.checked_mul(png.height as usize)?;
    if expected > MAX_INFLATED {
        return None;
    }
    let mut rows =
        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&png.data, expected).ok()?;
    if rows.len() < expected {
        return None;
    }
    let bpp = (png.channels() * usize::from(png.depth)).div_ceil(8);
    unfilter(&mut rows, stride, bpp)?;
    let grey = matches!(png.colour, 0 | 4);
    let channels = if grey { 1 } else { 3 };
    let mut out = Shrink::new(png.width, png.height, channels);
    for (y, row) in rows.chunks_exact(stride).enumerate() {
        let line = &row[1..];
        for x in 0..png.width as usize {
            let (colour, alpha) = pixel(png, line, x);
            out.add(x, y, &colour[..channels], alpha);
        }
    }
    Some(out.picture(grey))
}

/// A WebP's first frame, laid on white and scaled down.
fn webp(bytes: &[u8], budget: &mut u64) -> Option<Picture> {
    let mut decoder = image_webp::WebPDecoder::new(std::io::Cursor::new(bytes)).ok()?;
    let (width, height) = decoder.dimensions();
    let size = decoder.output_buffer_size()?;
    if width == 0 || height == 0 || size > MAX_INFLATED {
        return None;
    }
    spend(budget, width, height)?;
    let mut pixels = vec![0; size];
    decoder.read_image(&mut pixels).ok()?;
    let channels = if decoder.has_alpha() { 4 } else { 3 };
    let mut out = Shrink::new(width, height, 3);
    for (i, p) in pixels.chunks_exact(channels).enumerate() {
        let alpha = p.get(3).copied().unwrap_or(255);
        out.add(i % width as usize, i / width as usize, &p[..3], alpha);
    }
    Some(out.picture(false))
}

/// Undoes the PNG row filters in place (each row's filter byte stays).
fn unfilter(rows: &mut [u8], stride: usize, bpp: usize) -> Option<()> {
    for r in 0..rows.len() / stride {
        let (before, rest) = rows.split_at_mut(r * stride);
        let prev = r.checked_sub(1).map(|p| &before[p * stride + 1..]);
        let (filter, line) = rest[..stride].split_first_mut()?;
        for i in 0..line.len() {
            let a = if i >= bpp { line[i - bpp] } else { 0 };
            let b = prev.map_or(0, |p| p[i]);
            let c = match (i >= bpp, prev) {
                (true, Some(p)) => p[i - bpp],
                _ => 0,
            };
            line[i] = line[i].wrapping_add(match *filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, c),
                _ => return None,
            });
        }
    }
    Some(())
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Sample `k` of pixel `x` in an unfiltered row, as stored (0 to 2^depth - 1).
fn sample(png: &Png, line: &[u8], x: usize, k: usize) -> u16 {
    let depth = usize::from(png.depth);
    let at = x * png.channels() + k;
    match depth {
        16 => u16::from_be_bytes([line[at * 2], line[at * 2 + 1]]),
        8 => u16::from(line[at]),
        _ => {
            let per_byte = 8 / depth;
            let shift = 8 - depth * (at % per_byte + 1);
            u16::from((line[at / per_byte] >> shift) & ((1u16 << depth) - 1) as u8)
        }
    }
}

/// A sample scaled to 8 bits.
fn eight(png: &Png, v: u16) -> u8 {
    match png.depth {
        16 => (v >> 8) as u8,
        8 => v as u8,
        d => (u32::from(v) * 255 / ((1u32 << d) - 1)) as u8,
    }
}

/// Pixel `x`'s colour (grey in the first place for grey pictures) and opacity.
fn pixel(png: &Png, line: &[u8], x: usize) -> ([u8; 3], u8) {
    let s = |k| sample(png, line, x, k);
    let key = |k: usize| {
        png.transparency
            .and_then(|t| t.get(2 * k..2 * k + 2))
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
    };
    match png.colour {
        0 => {
            let v = s(0);
            let g = eight(png, v);
            ([g, g, g], if key(0) == Some(v) { 0 } else { 255 })
        }
        2 => {
            let (r, g, b) = (s(0), s(1), s(2));
            let clear = key(0) == Some(r) && key(1) == Some(g) && key(2) == Some(b);
            (
                [eight(png, r), eight(png, g), eight(png, b)],
                if clear { 0 } else { 255 },
            )
        }
        3 => {
            let i = usize::from(s(0));
            let rgb = png.palette.get(3 * i..3 * i + 3).unwrap_or(&[0, 0, 0]);
            let alpha = png.transparency.and_then(|t| t.get(i)).copied();
            ([rgb[0], rgb[1], rgb[2]], alpha.unwrap_or(255))
        }
        4 => {
            let g = eight(png, s(0));
            ([g, g, g], eight(png, s(1)))
        }
        _ => (
            [eight(png, s(0)), eight(png, s(1)), eight(png, s(2))],
            eight(png, s(3)),
        ),
    }
}

/// Pixels laid on white and averaged in square blocks, so the longest side is at most
/// [`MAX_SIDE`].
struct Shrink {
    block: usize,
    width: usize,
    height: usize,
    channels: usize,
    sums: Vec<u32>,
    counts: Vec<u32>,
}

impl Shrink {
    fn new(width: u32, height: u32, channels: usize) -> Self {
        let block = width.max(height).div_ceil(MAX_SIDE).max(1) as usize;
        let (w, h) = (
            (width as usize).div_ceil(block),
            (height as usize).div_ceil(block),
        );
        Self {
            block,
            width: w,
            height: h,
            channels,
            sums: vec![0; w * h * channels],
            counts: vec![0; w * h],
        }
    }

    fn add(&mut self, x: usize, y: usize, colour: &[u8], alpha: u8) {
        let at = (y / self.block) * self.width + x / self.block;
        self.counts[at] += 1;
        for (k, c) in colour.iter().enumerate() {
            let on_white =
                (u32::from(*c) * u32::from(alpha) + 255 * (255 - u32::from(alpha))) / 255;
            self.sums[at * self.channels + k] += on_white;
        }
    }

    /// The averaged pixels, compressed.
    fn picture(self, grey: bool) -> Picture {
        let pixels: Vec<u8> = self
            .sums
            .iter()
            .enumerate()
            .map(|(i, sum)| (sum / self.counts[i / self.channels].max(1)) as u8)
            .collect();
        Picture {
            data: miniz_oxide::deflate::compress_to_vec_zlib(&pixels, 6),
            width: self.width as u32,
            height: self.height as u32,
            kind: PictureKind::Pixels { grey },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Picture {
        fn read_all(bytes: &[u8]) -> Option<Self> {
            let mut budget = u64::MAX;
            Self::read(bytes, &mut budget)
        }
    }

    /// A PNG of `rows` (each with its filter byte) in one stored zlib block.
    fn png_of(
        width: u32,
        height: u32,
        depth: u8,
        colour: u8,
        extra: &[(&[u8; 4], &[u8])],
        rows: &[u8],
    ) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            out.extend_from_slice(&[0; 4]); // CRC: not checked when reading
        }
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[depth, colour, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &ihdr);
        for (kind, data) in extra {
            chunk(&mut out, *kind, data);
        }
        chunk(
            &mut out,
            b"IDAT",
            &miniz_oxide::deflate::compress_to_vec_zlib(rows, 6),
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }

    fn pixels(p: &Picture) -> Vec<u8> {
        match p.kind {
            PictureKind::Pixels { .. } => {
                miniz_oxide::inflate::decompress_to_vec_zlib(&p.data).expect("zlib")
            }
            _ => panic!("not decoded"),
        }
    }

    #[test]
    fn plain_rgb_png_and_jpeg_are_embedded_as_they_are() {
        let png = png_of(1, 1, 8, 2, &[], &[0, 10, 20, 30]);
        let p = Picture::read_all(&png).expect("png");
        assert!(matches!(p.kind, PictureKind::Png { grey: false }));
        assert_eq!((p.width, p.height), (1, 1));
        assert!(
            Picture::read_all(b"RIFF....WEBP").is_none(),
            "a broken WebP"
        );
        let jpeg = [
            0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0, 20, 0, 30, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
        ];
        let j = Picture::read_all(&jpeg).expect("jpeg");
        assert_eq!((j.width, j.height), (30, 20));
        let mut interlaced = png.clone();
        interlaced[28] = 1;
        assert!(Picture::read_all(&interlaced).is_none());
    }

    #[test]
    fn transparency_is_laid_on_white() {
        // RGBA: opaque red, fully clear, half-clear black.
        let rows = [0, 255, 0, 0, 255, 9, 9, 9, 0, 0, 0, 0, 128];
        let p = Picture::read_all(&png_of(3, 1, 8, 6, &[], &rows)).expect("rgba");
        assert_eq!(pixels(&p), [255, 0, 0, 255, 255, 255, 127, 127, 127]);
        // Grey with alpha stays grey.
        let p = Picture::read_all(&png_of(2, 1, 8, 4, &[], &[0, 40, 255, 40, 0])).expect("grey");
        assert!(p.grey());
        assert_eq!(pixels(&p), [40, 255]);
        // RGB with a transparent colour key.
        let key: &[u8] = &[0, 1, 0, 2, 0, 3];
        let p = Picture::read_all(&png_of(
            2,
            1,
            8,
            2,
            &[(b"tRNS", key)],
            &[0, 1, 2, 3, 4, 5, 6],
        ))
        .expect("keyed");
        assert_eq!(pixels(&p), [255, 255, 255, 4, 5, 6]);
    }

    #[test]
    fn palettes_small_and_sixteen_bit_samples_are_read() {
        // 2-bit palette: entries 0..3, the last one clear.
        let palette: &[u8] = &[0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255];
        let alpha: &[u8] = &[255, 255, 255, 0];
        let p = Picture::read_all(&png_of(
            4,
            1,
            2,
            3,
            &[(b"PLTE", palette), (b"tRNS", alpha)],
            &[0, 0b0001_1011],
        ))
        .expect("palette");
        assert_eq!(pixels(&p), [0, 0, 0, 255, 0, 0, 0, 255, 0, 255, 255, 255]);
        // 1-bit grey: black, white.
        let p = Picture::read_all(&png_of(2, 1, 1, 0, &[], &[0, 0b0100_0000])).expect("1-bit");
        assert_eq!(pixels(&p), [0, 255]);
        // 16-bit RGB: the high bytes.
        let p = Picture::read_all(&png_of(
            1,
            1,
            16,
            2,
            &[(b"tRNS", &[0; 6])],
            &[0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc],
        ))
        .expect("16-bit");
        assert_eq!(pixels(&p), [0x12, 0x56, 0x9a]);
    }

    #[test]
    fn every_row_filter_is_undone() {
        // Grey+alpha 8-bit, 2×2, fully opaque: rows filtered Sub, then Up/Average/Paeth.
        let first = [1, 10, 255, 20, 0]; // Sub: 10,255 then 30,255
        for (filter, second) in [
            (2u8, [5u8, 0, 5, 0]), // Up: 15,255,35,255
            (3, [10, 128, 5, 0]), // Average: (0+10)/2+10=15, (0+255)/2+128=255, (15+30)/2+5=27, (255+255)/2+0=255
            (4, [5, 0, 5, 0]),    // Paeth
        ] {
            let mut rows = first.to_vec();
            rows.push(filter);
            rows.extend_from_slice(&second);
            let p = Picture::read_all(&png_of(2, 2, 8, 4, &[], &rows)).expect("filtered");
            let got = pixels(&p);
            assert_eq!(&got[..2], &[10, 30], "first row, filter {filter}");
            let expected: [u8; 2] = match filter {
                2 => [15, 35],
                3 => [15, 27],
                _ => [15, 35],
            };
            assert_eq!(&got[2..], &expected, "second row, filter {filter}");
        }
    }

    #[test]
    fn webp_is_decoded_with_its_transparency() {
        // Lossless 2×1: opaque green, fully clear.
        let mut file = Vec::new();
        image_webp::WebPEncoder::new(&mut file)
            .encode(
                &[0, 200, 0, 255, 50, 50, 50, 0],
                2,
                1,
                image_webp::ColorType::Rgba8,
            )
            .expect("encode");
        let p = Picture::read_all(&file).expect("webp");
        assert_eq!((p.width, p.height), (2, 1));
        assert!(!p.grey());
        assert_eq!(pixels(&p), [0, 200, 0, 255, 255, 255]);
    }

    #[test]
    fn large_pictures_are_scaled_down_and_huge_ones_refused() {
        // 1200×2 RGBA, all half-clear blue: 300×1 after blocks of 4×4.
        let row: Vec<u8> = std::iter::once(0)
            .chain((0..1200).flat_map(|_| [0, 0, 255, 128]))
            .collect();
        let rows = [row.clone(), row].concat();
        let p = Picture::read_all(&png_of(1200, 2, 8, 6, &[], &rows)).expect("wide");
        assert_eq!((p.width, p.height), (300, 1));
        assert_eq!(&pixels(&p)[..3], &[127, 127, 255]);
        // 8000×8000 RGBA would inflate to 256 MB: refused before inflating.
        let huge = png_of(8000, 8000, 8, 6, &[], &[0]);
        assert!(Picture::read_all(&huge).is_none());
        // A budget of pixels for the document: the second picture is past it.
        let small = png_of(1200, 2, 8, 6, &[], &rows);
        let mut budget = 3_000;
        assert!(Picture::read(&small, &mut budget).is_some());
        assert_eq!(budget, 600);
        assert!(Picture::read(&small, &mut budget).is_none());
        assert_eq!(budget, 600, "nothing spent on what is left out");
    }
}
