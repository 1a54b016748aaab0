//! The official report (.docx, Decree 30/2020/NĐ-CP) from the model.
