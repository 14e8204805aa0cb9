//! `rightparty --screenshot FILE --screen NAME`: open the real window on one screen, let it
//! settle, save what it shows as a PNG and close. Used by CI (under Xvfb) and for the README's
//! pictures; a blank image is an error.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use eframe::egui;

use super::app::ScreenName;

/// Where a screenshot run ends up: the PNG written, or why not. Shared with `main`, which
/// turns it into the exit code.
pub type ShotOutcome = Arc<Mutex<Option<Result<PathBuf, String>>>>;

/// A screenshot to take.
#[derive(Debug, Clone)]
pub struct ShotPlan {
    /// The PNG to write.
    pub file: PathBuf,
    /// The screen to show.
    pub screen: ScreenName,
    /// Where the outcome is reported.
    pub outcome: ShotOutcome,
}

/// Frames drawn on the prepared screen before the picture is taken (fonts and layout settle).
const SETTLE_FRAMES: u32 = 6;
/// How long to wait for content and the picture before giving up.
const GIVE_UP: Duration = Duration::from_secs(60);

/// Drives a [`ShotPlan`] frame by frame.
pub struct Shooter {
    plan: ShotPlan,
    started: Instant,
    settled: u32,
    requested: bool,
}

impl Shooter {
    /// Starts counting now.
    pub fn new(plan: ShotPlan) -> Self {
        Shooter {
            plan,
            started: Instant::now(),
            settled: 0,
            requested: false,
        }
    }

    /// The screen wanted.
    pub fn screen(&self) -> ScreenName {
        self.plan.screen
    }

    /// Called once per frame after drawing; `ready` says the screen is prepared and showing.
    pub fn frame(&mut self, ctx: &egui::Context, ready: Result<bool, String>) {
        if self.requested {
            if self.started.elapsed() > GIVE_UP {
                self.finish(ctx, Err("no picture came back from the window".into()));
            }
            ctx.request_repaint_after(Duration::from_millis(50));
            return;
        }
        match ready {
            Err(e) => return self.finish(ctx, Err(e)),
            Ok(false) => {
                if self.started.elapsed() > GIVE_UP {
                    return self.finish(ctx, Err("the screen was not ready in 60 s".into()));
                }
            }
            Ok(true) => self.settled += 1,
        }
        if self.settled >= SETTLE_FRAMES {
            self.requested = true;
            let file = self.plan.file.clone();
            let outcome = self.plan.outcome.clone();
            let cb_ctx = ctx.clone();
            ctx.request_screenshot(move |image| {
                let result = save_png(&image, &file).map(|()| file.clone());
                *outcome.lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
                cb_ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                cb_ctx.request_repaint();
            });
        }
        // Keep frames coming until the picture is taken.
        ctx.request_repaint_after(Duration::from_millis(30));
    }

    fn finish(&mut self, ctx: &egui::Context, result: Result<PathBuf, String>) {
        *self.plan.outcome.lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
        self.requested = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

/// Writes the picture; a picture whose pixels are all one colour is refused as blank.
pub fn save_png(image: &egui::ColorImage, file: &std::path::Path) -> Result<(), String> {
    let [w, h] = image.size;
    if w == 0 || h == 0 {
        return Err("the window gave an empty picture".into());
    }
    let first = image.pixels[0];
    if image.pixels.iter().all(|p| *p == first) {
        return Err(format!(
            "the picture is blank (every pixel is {:?}); nothing was drawn",
            first.to_array()
        ));
    }
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(|p| {
            let [r, g, b, _] = p.to_array();
            [r, g, b, 255]
        })
        .collect();
    let buf = image::RgbaImage::from_raw(w as u32, h as u32, bytes)
        .ok_or_else(|| "the picture's size does not match its pixels".to_string())?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    buf.save_with_format(file, image::ImageFormat::Png)
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}
