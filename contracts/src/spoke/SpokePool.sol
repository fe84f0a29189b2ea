// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISpokePool} from "../shared/interfaces/ISpokePool.sol";
import {IRateReceiver} from "../shared/interfaces/IRateReceiver.sol";
import {TrETHOFT} from "./TrETHOFT.sol";

/// @title SpokePool
/// @notice Native minting on a spoke: ETH in, trETH out at the hub rate, at once. The ETH stays here
///         until it is batched to the hub.
contract SpokePool is ISpokePool, Ownable2Step, Pausable {
    uint256 private constant RATE_UNIT = 1e18;
    uint16 private constant BPS = 10_000;
    /// @notice Upper bound on the deposit fee: 1%.
    uint16 public constant MAX_FEE_BPS = 100;

    TrETHOFT public immutable trETH;
    IRateReceiver public immutable rateReceiver;

    /// @dev Packed in one slot: both are read on every deposit.
    uint16 public feeBps;
    uint32 public maxRateAge;

    constructor(TrETHOFT trETH_, IRateReceiver rateReceiver_, address owner_, uint16 feeBps_, uint32 maxRateAge_)
        Ownable(owner_)
    {
        trETH = trETH_;
        rateReceiver = rateReceiver_;
        _setFee(feeBps_);
        maxRateAge = maxRateAge_;
        emit MaxRateAgeUpdated(maxRateAge_);
    }

    /// @inheritdoc ISpokePool
    function deposit(address receiver, uint256 minShares) external payable whenNotPaused returns (uint256 shares) {
        if (msg.value == 0) revert SpokePool_ZeroDeposit();
        if (receiver == address(0)) revert SpokePool_ZeroReceiver();
        uint256 rate = _freshRate();
        uint256 fee;
        (shares, fee) = _quote(msg.value, rate);
        if (shares < minShares || shares == 0) revert SpokePool_InsufficientShares(shares, minShares);
        trETH.mint(receiver, shares);
        emit Deposited(msg.sender, receiver, msg.value, shares, fee, rate);
    }

    /// @inheritdoc ISpokePool
    function quoteDeposit(uint256 assets) external view returns (uint256 shares, uint256 fee) {
        return _quote(assets, _freshRate());
    }

    function setFee(uint16 feeBps_) external onlyOwner {
        _setFee(feeBps_);
    }

    function setMaxRateAge(uint32 maxRateAge_) external onlyOwner {
        maxRateAge = maxRateAge_;
        emit MaxRateAgeUpdated(maxRateAge_);
    }

    function pause() external onlyOwner {
        _pause();
    }

    function unpause() external onlyOwner {
        _unpause();
    }

    function _freshRate() private view returns (uint256 rate) {
        uint256 updatedAt;
        (rate, updatedAt) = rateReceiver.rateAndUpdatedAt();
        if (rate == 0) revert SpokePool_NoRate();
        // A hub timestamp slightly ahead of this chain's clock counts as fresh. Staleness is
        // measured in hours, so a few seconds of validator skew do not matter.
        // forge-lint: disable-next-line(block-timestamp)
        uint256 age = block.timestamp > updatedAt ? block.timestamp - updatedAt : 0;
        if (age > maxRateAge) revert SpokePool_StaleRate(age, maxRateAge);
    }

    function _quote(uint256 assets, uint256 rate) private view returns (uint256 shares, uint256 fee) {
        // Both round toward the pool: fee up, shares down.
        fee = Math.mulDiv(assets, feeBps, BPS, Math.Rounding.Ceil);
        shares = Math.mulDiv(assets - fee, RATE_UNIT, rate);
    }

    function _setFee(uint16 feeBps_) private {
        if (feeBps_ > MAX_FEE_BPS) revert SpokePool_FeeTooHigh(feeBps_, MAX_FEE_BPS);
        feeBps = feeBps_;
        emit FeeUpdated(feeBps_);
    }
}
