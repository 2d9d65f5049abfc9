// The public header compiles alone as C++ (extern "C" guards, no C-only syntax).
#include "parallax.h"
int px_header_compiles_as_cxx() { return static_cast<int>(PX_OK) + (px_doc_id != nullptr ? 0 : 1); }
