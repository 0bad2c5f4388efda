package app

// RequisitionRepo stores requisitions and payments.
type RequisitionRepo interface{}
