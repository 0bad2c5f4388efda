package app

// FollowUpRepo stores conditions' fulfilment, reports of use, repayment claims and repayments.
type FollowUpRepo interface{}
