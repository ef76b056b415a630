#include <proactor/net/buffer.hpp>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace proactor {

Buffer::Buffer(std::size_t initial_size, std::size_t prepend)
    : data_(prepend + initial_size), prepend_(prepend), read_(prepend), write_(prepend)
{}

Buffer::Buffer(Buffer&& other) noexcept
    : data_(std::move(other.data_)),
      prepend_(other.prepend_),
      read_(std::exchange(other.read_, 0)),
      write_(std::exchange(other.write_, 0))
{
  other.data_.clear();
}

Buffer& Buffer::operator=(Buffer&& other) noexcept
{
  if (this != &other) {
    data_ = std::move(other.data_);
    prepend_ = other.prepend_;
    read_ = std::exchange(other.read_, 0);
    write_ = std::exchange(other.write_, 0);
    other.data_.clear();
  }
  return *this;
}

void Buffer::append(ConstBytes bytes)
{
  if (bytes.empty()) return;
  auto dst = prepare(bytes.size());
  std::memcpy(dst.data(), bytes.data(), bytes.size());
  write_ += bytes.size();
}

MutableBytes Buffer::prepare(std::size_t n)
{
  make_space(n);
  return {data_.data() + write_, n};
}

void Buffer::commit(std::size_t n)
{
  if (n > writable_bytes()) throw std::out_of_range("Buffer::commit: more than writable_bytes()");
  write_ += n;
}

void Buffer::prepend(ConstBytes bytes)
{
  if (bytes.size() > read_) throw std::length_error("Buffer::prepend: not enough prepend room");
  read_ -= bytes.size();
  if (!bytes.empty()) std::memcpy(data_.data() + read_, bytes.data(), bytes.size());
}

void Buffer::consume(std::size_t n)
{
  if (n > size()) throw std::out_of_range("Buffer::consume: more than size()");
  read_ += n;
  if (read_ == write_) clear();
}

void Buffer::clear() noexcept
{
  read_ = write_ = home();
}

void Buffer::release() noexcept
{
  // Swapping with an empty vector is the only way to be sure the memory goes back.
  std::vector<std::byte>().swap(data_);
  read_ = write_ = 0;
}

std::size_t Buffer::home() const noexcept
{
  // After release() there is no memory, hence no prepend room, until the next growth.
  return data_.empty() ? 0 : prepend_;
}

void Buffer::make_space(std::size_t n)
{
  if (writable_bytes() >= n) return;
  const std::size_t content = size();
  // Space freed by consumed bytes at the front is enough: slide the content back home
  // instead of allocating.
  if (!data_.empty() && data_.size() - prepend_ - content >= n) {
    std::memmove(data_.data() + prepend_, data_.data() + read_, content);
    read_ = prepend_;
    write_ = prepend_ + content;
    return;
  }
  // Grow geometrically so a stream of small appends costs amortised O(1) per byte; copying
  // into a fresh vector moves the content once and drops the dead front in the same pass.
  const std::size_t needed = prepend_ + content + n;
  std::vector<std::byte> grown(std::max(needed, data_.size() * 2));
  if (content != 0) std::memcpy(grown.data() + prepend_, data_.data() + read_, content);
  data_.swap(grown);
  read_ = prepend_;
  write_ = prepend_ + content;
}

}  // namespace proactor
