//! Small widgets several windows share.

/// A background job's window: a progress bar ("`done` of `total` `unit`")
/// and a cancel button. Returns whether cancel was clicked; asks for the
/// next frame so the bar moves.
pub(super) fn progress_window(
    ctx: &egui::Context,
    window: egui::Window<'_>,
    (done, total, unit): (usize, usize, &str),
    cancel_label: &str,
) -> bool {
    let mut cancel = false;
    window.collapsible(false).resizable(false).show(ctx, |ui| {
        let frac = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        ui.add(
            egui::ProgressBar::new(frac)
                .text(format!("{done} of {total} {unit}"))
                .desired_width(320.0),
        );
        cancel = ui.button(cancel_label).clicked();
    });
    ctx.request_repaint_after(std::time::Duration::from_millis(50));
    cancel
}

/// A button for a choice that loses something (discard, overwrite), in red.
pub(super) fn danger_button(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.button(egui::RichText::new(text).color(egui::Color32::from_rgb(0xc0, 0x39, 0x2b)))
}

pub(super) fn submitted(ui: &egui::Ui, r: &egui::Response) -> bool {
    (r.has_focus() || r.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter))
}
