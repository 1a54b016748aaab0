//! Many workbooks (units × periods) → one consolidated summary.
