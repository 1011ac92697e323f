#include "tradelet/base/thread_name.h"

#include <pthread.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace tradelet {

void NameThisThread(const char* name) {
#if defined(__linux__)
  // The kernel refuses names longer than 15 bytes (ERANGE): keep their first 15.
  const std::string n(name, std::min<size_t>(std::strlen(name), 15));
  (void)pthread_setname_np(pthread_self(), n.c_str());
#else
  (void)name;
#endif
}

}  // namespace tradelet
