/* The public header compiles alone as C11, with -pedantic. */
#include "parallax.h"
int px_header_compiles_as_c(void);
int px_header_compiles_as_c(void) { return PX_OK; }
