//! Opening the real window (eframe) and the fonts it and the tests use.

use super::MarginaliaApp;
use super::files::{FileDialogs, NativeDialogs, NoDialogs};
use std::path::PathBuf;
use std::sync::Arc;

/// Opens the window, with `path` loaded if given.
pub fn run(path: Option<PathBuf>) -> anyhow::Result<()> {
    let dialogs: Box<dyn FileDialogs> = if std::env::var_os("MARGINALIA_NO_DIALOG").is_some() {
        Box::new(NoDialogs)
    } else {
        Box::new(NativeDialogs)
    };
    let app = MarginaliaApp::new(path, dialogs);
    for m in &app.messages {
        eprintln!("marginalia: {}", m.text);
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Marginalia")
            .with_app_id("marginalia")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_icon(super::icon::icon()),
        ..Default::default()
    };
    eframe::run_native(
        "Marginalia",
        options,
        Box::new(move |_cc| Ok(Box::new(app))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// Gives a context the app's fonts: egui's own plus system fonts on demand
/// for scripts they lack (Korean, Chinese, Japanese, ...). eframe does this
/// itself; test harnesses call it.
pub fn setup_fonts(ctx: &egui::Context) {
    ctx.add_font_provider(Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
}
