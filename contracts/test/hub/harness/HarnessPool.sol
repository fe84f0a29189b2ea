// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IWithdrawalQueue} from "../../../src/shared/interfaces/IWithdrawalQueue.sol";

/// @dev Stands in for TrETH on the queue's side: an ERC-20 with permit, a settable rate, and the
///      finalize-then-burn sequence the real pool runs inside handleOracleReport.
contract HarnessPool is ERC20Permit {
    uint256 public rate = 1e18;
    IWithdrawalQueue public queue;

    constructor() ERC20("Harness trETH", "htrETH") ERC20Permit("Harness trETH") {}

    function setQueue(IWithdrawalQueue queue_) external {
        queue = queue_;
    }

    function setRate(uint256 rate_) external {
        rate = rate_;
    }

    function getRate() external view returns (uint256) {
        return rate;
    }

    function mint(address to, uint256 shares) external {
        _mint(to, shares);
    }

    /// @dev The pool's part of a report: lock ETH in the queue and burn the shares it holds.
    function finalizeWithdrawals(uint256 upTo, uint256 finalizationRate)
        external
        returns (uint256 ethToLock, uint256 sharesToBurn)
    {
        (ethToLock, sharesToBurn) = queue.prefinalize(upTo, finalizationRate);
        queue.finalize{value: ethToLock}(upTo, finalizationRate);
        _burn(address(queue), sharesToBurn);
    }

    receive() external payable {}
}
