//! Marginalia: a desktop annotation workbench for media analysts.
//!
//! The domain (model, store, import, export, edit history) is headless and
//! serves both the command line ([`cli`]) and the window (`app`, behind the
//! default `gui` feature). Only `app` may use egui or eframe: building with
//! `--no-default-features` proves it.

pub mod agreement;
pub mod assign;
pub mod cli;
pub mod comments;
pub mod desk;
pub mod doc_labels;
pub mod edit;
pub mod entities;
pub mod export;
pub mod history;
pub mod import;
pub mod merge;
pub mod model;
pub mod query;
pub mod session;
pub mod store;
pub mod suggest;
pub mod timing;
pub mod user;

#[cfg(feature = "gui")]
pub mod app;
