//! A4 documents written with `pdf-writer` (the invoice, the catalogue): the standard
//! Helvetica fonts in WinAnsi encoding (nothing embedded), text placed line by line on
//! pages added as they fill, page numbers, and pictures ([`Picture`]).

mod picture;

use pdf_writer::types::Predictor;
use pdf_writer::{Content, Filter, Name, Pdf, Rect, Ref, Str};
pub use picture::Picture;
use picture::PictureKind;

pub const REGULAR: Name<'static> = Name(b"F1");
pub const BOLD: Name<'static> = Name(b"F2");
pub const LEFT: f32 = 50.0;
pub const RIGHT: f32 = 545.0;
pub const BOTTOM: f32 = 90.0;
pub const TOP: f32 = 792.0;

/// Text as the standard fonts' WinAnsi encoding has it (others become `?`).
pub fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '…' => 0x85,
            '•' => 0x95,
            '–' => 0x96,
            '—' | '−' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// Helvetica's advance widths (per 1000) of what amounts are made of; others: a digit's.
pub fn width(s: &str, size: f32) -> f32 {
    let units: u32 = s
        .chars()
        .map(|c| match c {
            '.' | ',' | ' ' | 'i' | 'l' | 'j' | 't' | 'f' | 'I' => 278,
            '-' | 'r' => 333,
            'R' | 'C' | 'D' | 'H' | 'N' | 'U' | 'w' => 722,
            'm' | 'M' | 'W' => 833,
            _ => 556,
        })
        .sum();
    units as f32 * size / 1000.0
}

pub use crate::domain::clip;

/// `text` in lines no wider than `room` points at `size` (words kept whole; a word wider
/// than a line is cut), at most `max_lines` (the last one ending in an ellipsis if more).
pub fn wrap(text: &str, size: f32, room: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size) <= room || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_owned();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

/// Pages being written: their content, the pictures each draws, the line position.
pub struct Sheet {
    pub pages: Vec<(Content, Vec<usize>)>,
    pub y: f32,
}

impl Default for Sheet {
    fn default() -> Self {
        Self::new()
    }
}

impl Sheet {
    pub fn new() -> Self {
        Self {
            pages: Vec::new(),
            y: TOP,
        }
    }

    fn current(&mut self) -> &mut (Content, Vec<usize>) {
        if self.pages.is_empty() {
            self.pages.push((Content::new(), Vec::new()));
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn text(&mut self, x: f32, size: f32, bold: bool, s: &str) {
        let y = self.y;
        let c = &mut self.current().0;
        c.begin_text();
        c.set_font(if bold { BOLD } else { REGULAR }, size);
        c.next_line(x, y);
        c.show(Str(&win_ansi(s)));
        c.end_text();
    }

    /// Text whose right edge is at `x` (amounts).
    pub fn right(&mut self, x: f32, size: f32, bold: bool, s: &str) {
        self.text(x - width(s, size), size, bold, s);
    }

    pub fn rule(&mut self) {
        let y = self.y;
        let c = &mut self.current().0;
        c.set_line_width(0.5);
        c.move_to(LEFT, y);
        c.line_to(RIGHT, y);
        c.stroke();
    }

    /// Picture number `index` (of those given to [`write`]) fitted in a `box_size`
    /// square whose top left corner is at (`x`, the current line).
    pub fn picture(&mut self, index: usize, picture: &Picture, x: f32, box_size: f32) {
        let scale = box_size / picture.width.max(picture.height) as f32;
        let (w, h) = (picture.width as f32 * scale, picture.height as f32 * scale);
        let y = self.y - h;
        let (c, used) = self.current();
        c.save_state();
        c.transform([w, 0.0, 0.0, h, x, y]);
        c.x_object(Name(format!("Im{index}").as_bytes()));
        c.restore_state();
        if !used.contains(&index) {
            used.push(index);
        }
    }

    pub fn down(&mut self, by: f32) {
        self.y -= by;
    }

    /// A new page when fewer than `need` points are left.
    pub fn room(&mut self, need: f32) -> bool {
        if self.y - need < BOTTOM {
            self.pages.push((Content::new(), Vec::new()));
            self.y = TOP;
            true
        } else {
            false
        }
    }
}

/// The document: catalogue, page tree, pages numbered "`page` i / n", two fonts, and
/// the pictures the pages draw.
pub fn write(sheet: Sheet, pictures: &[&Picture], page: &str) -> Vec<u8> {
    let mut pages = sheet.pages;
    if pages.is_empty() {
        pages.push((Content::new(), Vec::new()));
    }
    let count = pages.len();
    for (i, (c, _)) in pages.iter_mut().enumerate() {
        let label = format!("{page} {} / {count}", i + 1);
        c.begin_text();
        c.set_font(REGULAR, 8.0);
        c.next_line(RIGHT - width(&label, 8.0), 40.0);
        c.show(Str(&win_ansi(&label)));
        c.end_text();
    }
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let image_ids: Vec<Ref> = (0..pictures.len())
        .map(|i| Ref::new(5 + i as i32))
        .collect();
    let first_page = 5 + pictures.len() as i32;
    let page_ids: Vec<Ref> = (0..count)
        .map(|i| Ref::new(first_page + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(count as i32);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    for (picture, id) in pictures.iter().zip(&image_ids) {
        let mut image = pdf.image_xobject(*id, &picture.data);
        image.width(picture.width as i32);
        image.height(picture.height as i32);
        image.bits_per_component(8);
        image.color_space_name(Name(if picture.grey() {
            b"DeviceGray"
        } else {
            b"DeviceRGB"
        }));
        match picture.kind {
            PictureKind::Jpeg { .. } => {
                image.filter(Filter::DctDecode);
            }
            PictureKind::Png { grey } => {
                image.filter(Filter::FlateDecode);
                image
                    .decode_parms()
                    .predictor(Predictor::PngOptimum)
                    .colors(if grey { 1 } else { 3 })
                    .bits_per_component(8)
                    .columns(picture.width as i32);
            }
            PictureKind::Pixels { .. } => {
                image.filter(Filter::FlateDecode);
            }
        }
    }
    for (i, (content, used)) in pages.into_iter().enumerate() {
        let id = page_ids[i];
        let content_id = Ref::new(id.get() + 1);
        let mut page = pdf.page(id);
        page.media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(REGULAR, regular);
        fonts.pair(BOLD, bold);
        drop(fonts);
        if !used.is_empty() {
            let mut objects = resources.x_objects();
            for index in &used {
                objects.pair(Name(format!("Im{index}").as_bytes()), image_ids[*index]);
            }
        }
        drop(resources);
        drop(page);
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_within_its_room() {
        let lines = wrap(
            "Kertas art carton 260 gsm, laminasi doff, dua sisi",
            9.0,
            100.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(lines
            .iter()
            .all(|l| width(l.trim_end_matches('…'), 9.0) <= 100.0));
    }
}
