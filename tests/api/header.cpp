// The public header compiles alone as C++ (extern "C" guards, no C-only syntax).
#include "parallax.h"
int px_header_compiles_as_cxx();
int px_header_compiles_as_cxx() {
    px_options o;
    px_options_init(&o);
    return static_cast<int>(PX_OK) + static_cast<int>(o.shingle);
}
