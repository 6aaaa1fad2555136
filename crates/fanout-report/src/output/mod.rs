//! What is written to the results folder besides the charts: the CSV tables and the
//! README.

pub(crate) mod answers;
pub(crate) mod bimodal;
pub(crate) mod csv;
pub(crate) mod csv_rows;
pub(crate) mod decision;
pub(crate) mod markdown;
pub(crate) mod readme;
pub(crate) mod tables;
pub(crate) mod timing_tables;
