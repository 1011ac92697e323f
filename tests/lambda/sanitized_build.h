// TRADELET_ASAN_BUILD is 1 when this file is compiled with AddressSanitizer: GCC says so with
// __SANITIZE_ADDRESS__, clang with __has_feature(address_sanitizer). Sanitizer builds bundle
// libasan/libubsan into Lambda packages, so size budgets apply to release builds only.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define TRADELET_ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRADELET_ASAN_BUILD 1
#endif
#endif
#ifndef TRADELET_ASAN_BUILD
#define TRADELET_ASAN_BUILD 0
#endif
