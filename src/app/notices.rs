//! Messages to the analyst: errors stay until dismissed, notices fade,
//! the log keeps the session's last ones.

/// A message for the status bar and the message log.
#[derive(Debug, Clone)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Whether it reports a failure (it stays in the status bar until dismissed).
    pub error: bool,
    /// When it was said.
    pub at: chrono::DateTime<chrono::Local>,
    /// Since when it shows (for fading notices).
    pub since: std::time::Instant,
    /// An error the analyst dismissed.
    pub dismissed: bool,
    /// The shown document and project revision a notice describes, set at
    /// the end of the frame it was said in: once either changes, the notice
    /// is stale and leaves the status bar (the log keeps it).
    pub about: Option<(usize, u64)>,
}

impl Message {
    pub(super) fn new(text: String, error: bool) -> Self {
        Self {
            text,
            error,
            at: chrono::Local::now(),
            since: std::time::Instant::now(),
            dismissed: false,
            about: None,
        }
    }
}

/// How many messages the log keeps.
pub(super) const MESSAGES_KEPT: usize = 500;
