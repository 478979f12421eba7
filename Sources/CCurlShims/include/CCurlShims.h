// Typed, non-variadic wrappers for libcurl's variadic setters and getters, which Swift cannot call.
#ifndef MAILGATE_CCURL_SHIMS_H
#define MAILGATE_CCURL_SHIMS_H
#include <curl/curl.h>

CURLcode mg_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode mg_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode mg_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode mg_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLMcode mg_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
#endif
