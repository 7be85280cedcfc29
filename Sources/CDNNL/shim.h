// The C API of oneDNN 2.x (Apache 2.0 licence), Debian's libdnnl-dev, installed by
// scripts/setup.sh. Debian ships no pkg-config file for it: the library is linked by name.
#include <oneapi/dnnl/dnnl.h>
