//! The window icon, drawn in code.

/// The window icon: a page with a colored margin mark, drawn in code (no
/// image decoder needed).
pub(super) fn icon() -> egui::IconData {
    const N: usize = 64;
    let mut rgba = vec![0u8; N * N * 4];
    for y in 0..N {
        for x in 0..N {
            let i = (y * N + x) * 4;
            let page = (10..54).contains(&x) && (6..58).contains(&y);
            let mark = (14..20).contains(&x) && (14..50).contains(&y);
            let line = (26..48).contains(&x) && (16..48).contains(&y) && (y - 16) % 8 < 3;
            let c: [u8; 4] = if mark {
                [0xe1, 0x57, 0x59, 0xff]
            } else if line {
                [0x4e, 0x79, 0xa7, 0xff]
            } else if page {
                [0xf5, 0xf2, 0xea, 0xff]
            } else {
                [0, 0, 0, 0]
            };
            rgba[i..i + 4].copy_from_slice(&c);
        }
    }
    egui::IconData {
        rgba,
        width: N as u32,
        height: N as u32,
    }
}
