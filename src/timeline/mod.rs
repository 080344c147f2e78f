//! Over a corpus of claims: who held what on a day, what changed between two dates, and
//! estimated zones of control. (Being built: see issue "Who held what, on any day".)
