//! Raw cell text and numbers → typed values. Pure functions, no I/O: each
//! returns what it found and leaves it to the caller to say where.

pub mod category;
pub mod date;
pub mod legacy;
pub mod number;
pub mod period;
pub mod text;
