#include "tradelet/model/position.h"

namespace tradelet {

Money Position::Apply(Quantity signed_qty, Price price) {
  Money realized;
  const bool same_side = qty.IsZero() || (qty.IsPositive() == signed_qty.IsPositive());
  if (same_side) {
    qty += signed_qty;
    cost_basis += signed_qty * price;
    return realized;
  }
  // Closing (part of) the position, perhaps flipping through zero.
  const Quantity closing = signed_qty.Abs() < qty.Abs() ? -signed_qty : qty;  // signed as qty
  const Money closed_basis =
      closing == qty ? cost_basis : cost_basis * closing / qty;  // exact when closing fully
  realized = closing * price - closed_basis;
  qty -= closing;
  cost_basis -= closed_basis;
  const Quantity rest = signed_qty + closing;  // what opens on the other side
  if (!rest.IsZero()) {
    qty += rest;
    cost_basis += rest * price;
  }
  if (qty.IsZero()) cost_basis = Money();
  return realized;
}

}  // namespace tradelet
