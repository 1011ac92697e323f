// Column<T>: one column of a BarSeries. It behaves like a std::vector<T> (the same names:
// push_back, reserve, resize, assign, erase, data, size, operator[], begin/end, ...), and it can
// also VIEW values that live elsewhere (a memory-mapped bar bundle) without copying them.
//
// A view is read-only storage: const access reads it in place; the first non-const access
// (push_back, a non-const operator[], data(), begin(), ...) copies the values into storage of
// the column's own first ("copy on write"), so writers never see the difference. Reading through
// a const BarSeries (the backtest kernel, strategies, reports) never copies. A view keeps what it
// views alive through a shared handle (the mapping), so a copied or moved column stays valid.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <vector>

namespace tradelet {

template <typename T>
class Column {
 public:
  using value_type = T;
  using size_type = size_t;
  using difference_type = std::ptrdiff_t;
  using reference = T&;
  using const_reference = const T&;
  using pointer = T*;
  using const_pointer = const T*;
  using iterator = T*;
  using const_iterator = const T*;

  Column() = default;
  Column(std::vector<T> v) : own_(std::move(v)) { Sync(); }  // NOLINT: a vector is a column
  Column(std::initializer_list<T> v) : own_(v) { Sync(); }
  Column(size_t n, const T& v) : own_(n, v) { Sync(); }
  Column(const Column& o) { *this = o; }
  Column(Column&& o) noexcept { *this = std::move(o); }
  Column& operator=(const Column& o) {
    if (this == &o) return *this;
    if (o.keep_) {
      own_.clear();
      own_.shrink_to_fit();
      keep_ = o.keep_;
      ptr_ = o.ptr_;
      size_ = o.size_;
    } else {
      keep_.reset();
      own_ = o.own_;
      Sync();
    }
    return *this;
  }
  Column& operator=(Column&& o) noexcept {
    if (this == &o) return *this;
    own_ = std::move(o.own_);
    keep_ = std::move(o.keep_);
    if (keep_) {
      ptr_ = o.ptr_;
      size_ = o.size_;
    } else {
      Sync();
    }
    o.own_.clear();
    o.keep_.reset();
    o.Sync();
    return *this;
  }
  Column& operator=(std::vector<T> v) {
    keep_.reset();
    own_ = std::move(v);
    Sync();
    return *this;
  }
  Column& operator=(std::initializer_list<T> v) { return *this = std::vector<T>(v); }

  // A read-only view of the `n` values at `p`; `keep` keeps them alive (and is shared by
  // copies). REQUIRES: p is aligned for T and valid for n values while `keep` lives.
  static Column View(const T* p, size_t n, std::shared_ptr<const void> keep) {
    Column c;
    c.keep_ = keep ? std::move(keep) : std::make_shared<int>(0);
    c.ptr_ = n ? p : nullptr;
    c.size_ = n;
    return c;
  }
  // True while the column views storage it does not own (no write has copied it yet).
  bool is_view() const { return keep_ != nullptr; }

  // Reading: never copies.
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T* data() const { return ptr_; }
  const T& operator[](size_t i) const { return ptr_[i]; }
  const T& front() const { return ptr_[0]; }
  const T& back() const { return ptr_[size_ - 1]; }
  const T* begin() const { return ptr_; }
  const T* end() const { return ptr_ + size_; }
  const T* cbegin() const { return ptr_; }
  const T* cend() const { return ptr_ + size_; }
  size_t capacity() const { return keep_ ? size_ : own_.capacity(); }
  std::span<const T> span() const { return {ptr_, size_}; }
  operator std::span<const T>() const { return span(); }  // NOLINT: columns read as spans
  std::vector<T> ToVector() const { return std::vector<T>(begin(), end()); }

  // Writing: a view is copied into owned storage first.
  T* data() { return Own().data(); }
  T& operator[](size_t i) { return Own()[i]; }
  T& front() { return Own().front(); }
  T& back() { return Own().back(); }
  T* begin() { return Own().data(); }
  T* end() { return Own().data() + size_; }
  void push_back(const T& v) {
    Own().push_back(v);
    Sync();
  }
  template <typename... A>
  T& emplace_back(A&&... a) {
    T& r = Own().emplace_back(std::forward<A>(a)...);
    Sync();
    return r;
  }
  void pop_back() {
    Own().pop_back();
    Sync();
  }
  void reserve(size_t n) {
    Own().reserve(n);
    Sync();
  }
  void resize(size_t n) {
    Own().resize(n);
    Sync();
  }
  void resize(size_t n, const T& v) {
    Own().resize(n, v);
    Sync();
  }
  void assign(size_t n, const T& v) {
    keep_.reset();
    own_.assign(n, v);
    Sync();
  }
  template <typename It>
  void assign(It first, It last) {
    std::vector<T> v(first, last);  // `first` may point into this column's own view
    *this = std::move(v);
  }
  void assign(std::initializer_list<T> v) { *this = std::vector<T>(v); }
  void clear() {
    keep_.reset();
    own_.clear();
    Sync();
  }
  void shrink_to_fit() {
    if (keep_) return;
    own_.shrink_to_fit();
    Sync();
  }
  T* erase(const T* first, const T* last) {
    const size_t a = static_cast<size_t>(first - ptr_), b = static_cast<size_t>(last - ptr_);
    auto& v = Own();
    v.erase(v.begin() + static_cast<difference_type>(a),
            v.begin() + static_cast<difference_type>(b));
    Sync();
    return own_.data() + a;
  }
  T* erase(const T* at) { return erase(at, at + 1); }
  template <typename It>
  T* insert(const T* at, It first, It last) {
    const size_t a = static_cast<size_t>(at - ptr_);
    std::vector<T> add(first, last);
    auto& v = Own();
    v.insert(v.begin() + static_cast<difference_type>(a), add.begin(), add.end());
    Sync();
    return own_.data() + a;
  }
  T* insert(const T* at, const T& value) { return insert(at, &value, &value + 1); }
  void swap(Column& o) noexcept {
    Column t = std::move(o);
    o = std::move(*this);
    *this = std::move(t);
  }

  friend bool operator==(const Column& a, const Column& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
  friend bool operator==(const Column& a, const std::vector<T>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::vector<T>& Own() {
    if (keep_) {
      own_.assign(ptr_, ptr_ + size_);
      keep_.reset();
      Sync();
    }
    return own_;
  }
  void Sync() {
    ptr_ = own_.data();
    size_ = own_.size();
  }

  std::vector<T> own_;
  const T* ptr_ = nullptr;  // own_.data() or the viewed values
  size_t size_ = 0;
  std::shared_ptr<const void> keep_;  // non-null while viewing
};

}  // namespace tradelet
